import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SERVERS } from './servers';

/**
 * Our changes to FerretDB v1.24.2's source before it is built. Each one names what it fixes; each checks
 * that the code it changes is still there, so a new FerretDB version fails the build rather than skipping a
 * patch. The store contract tests (test/store/) prove what they give.
 */
export function patchFerretDb(source: string): void {
  for (const patch of PATCHES) {
    const file = join(source, patch.file);
    const text = readFileSync(file, 'utf8');
    if (!text.includes(patch.find)) throw new Error(`FerretDB ${SERVERS.ferretdb.version}: ${patch.file} changed; review the patch "${patch.name}"`);
    writeFileSync(file, text.replace(patch.find, patch.replace));
  }
  copyFileSync(join(__dirname, '..', 'ferretdb-build', 'patches', 'continuum_write_lock.go'), join(source, 'internal', 'handler', 'continuum_write_lock.go'));
}

const lockWrites = '\tdefer lockCollectionWrites(params.DB, params.Collection)()\n\n';

const PATCHES: Array<{ name: string; file: string; find: string; replace: string }> = [
  {
    // The SQLite backend creates its unique _id index on `_ferretdb_sjson->"_id"` but looks documents up by
    // `_ferretdb_sjson->'$._id'`: the same value, another expression, so SQLite never used the index and
    // every lookup by _id scanned the collection (docs/performance.md). The lookups now use the index's expression.
    name: 'sqlite: lookups by _id use the _id index',
    file: 'internal/backends/sqlite/metadata/metadata.go',
    find: `IDColumn = DefaultColumn + "->'$._id'"`,
    replace: 'IDColumn = DefaultColumn + `->"_id"`',
  },
  // One writer per collection (continuum_write_lock.go says why): taken by update, findAndModify and delete.
  {
    name: 'one writer per collection: update',
    file: 'internal/handler/msg_update.go',
    find: '\t_ = params.Ordered\n\n',
    replace: `\t_ = params.Ordered\n\n${lockWrites}`,
  },
  {
    name: 'one writer per collection: findAndModify',
    file: 'internal/handler/msg_findandmodify.go',
    find: '\tvar resDoc *types.Document\n',
    replace: `${lockWrites}\tvar resDoc *types.Document\n`,
  },
  {
    name: 'one writer per collection: delete',
    file: 'internal/handler/msg_delete.go',
    find: '\tdb, err := h.b.Database(params.DB)\n',
    replace: `${lockWrites}\tdb, err := h.b.Database(params.DB)\n`,
  },
  {
    // The PostgreSQL backend pushes an equality down as `_jsonb->'field' @> value`, which the btree index it
    // creates for a declared index never serves: every such query read the whole table. Beside each index it
    // now creates a GIN index on the same fields, which serves `@>` (and so equality and $in below).
    name: 'postgresql: a GIN index beside each index',
    file: 'internal/backends/postgresql/metadata/registry.go',
    find: `		if _, err = p.Exec(ctx, q); err != nil {
			_ = r.indexesDrop(ctx, p, dbName, collectionName, created)
			return lazyerrors.Error(err)
		}

		created = append(created, index.Name)`,
    replace: `		if _, err = p.Exec(ctx, q); err != nil {
			_ = r.indexesDrop(ctx, p, dbName, collectionName, created)
			return lazyerrors.Error(err)
		}

		ginColumns := make([]string, len(columns))
		for i, column := range columns {
			ginColumns[i] = strings.TrimSuffix(column, " DESC")
		}

		gq := fmt.Sprintf(
			"CREATE INDEX %s ON %s USING gin (%s)",
			pgx.Identifier{index.PgIndex + "_gin"}.Sanitize(),
			pgx.Identifier{dbName, c.TableName}.Sanitize(),
			strings.Join(ginColumns, ", "),
		)
		if _, err = p.Exec(ctx, gq); err != nil {
			_, _ = p.Exec(ctx, fmt.Sprintf("DROP INDEX %s", pgx.Identifier{dbName, index.PgIndex}.Sanitize()))
			_ = r.indexesDrop(ctx, p, dbName, collectionName, created)
			return lazyerrors.Error(err)
		}

		created = append(created, index.Name)`,
  },
  {
    name: 'postgresql: the GIN index goes with its index',
    file: 'internal/backends/postgresql/metadata/registry.go',
    find: `		q := fmt.Sprintf("DROP INDEX %s", pgx.Identifier{dbName, c.Indexes[i].PgIndex}.Sanitize())
		if _, err := p.Exec(ctx, q); err != nil {
			return lazyerrors.Error(err)
		}
`,
    replace: `		q := fmt.Sprintf("DROP INDEX %s", pgx.Identifier{dbName, c.Indexes[i].PgIndex}.Sanitize())
		if _, err := p.Exec(ctx, q); err != nil {
			return lazyerrors.Error(err)
		}

		q = fmt.Sprintf("DROP INDEX IF EXISTS %s", pgx.Identifier{dbName, c.Indexes[i].PgIndex + "_gin"}.Sanitize())
		if _, err := p.Exec(ctx, q); err != nil {
			return lazyerrors.Error(err)
		}
`,
  },
  {
    // $in was never pushed down: \`{district: {$in: [...]}}\` and \`{_id: {$in: [...]}}\` read the whole table.
    // It is now pushed down as ORed equalities, each served by the GIN index (for _id, the btree). Go still filters every document
    // afterwards, so the pushed-down filter need only be a superset of the answer. A list with a string holding
    // a NUL character is not pushed down: PostgreSQL refuses \u0000 in jsonb, and the whole query would fail.
    name: 'postgresql: $in pushed down',
    file: 'internal/backends/postgresql/query.go',
    find: `				default:
					// $gt and $lt`,
    replace: `				case "$in":
					arr, ok := v.(*types.Array)
					if !ok || arr.Len() == 0 || arr.Len() > 1000 {
						continue
					}

					pushable := true
					for i := 0; i < arr.Len(); i++ {
						switch e := must.NotFail(arr.Get(i)).(type) {
						case string:
							// PostgreSQL refuses a NUL character (\\u0000) in a jsonb literal (the query would fail); no stored document
							// holds one either, so such a list is left to Go.
							pushable = pushable && !strings.ContainsRune(e, 0)
						case float64, types.ObjectID, bool, time.Time, int32, int64:
						default:
							pushable = false
						}
					}

					if !pushable {
						continue
					}

					ors := make([]string, arr.Len())
					for i := 0; i < arr.Len(); i++ {
						f, a := filterEqual(p, key, must.NotFail(arr.Get(i)), keyOperator)
						if rootKey == "_id" {
							f = strings.Replace(f, " @> ", " = ", 1) // an _id is never an array: the _id btree serves it exactly
						}
						ors[i] = f
						args = append(args, a...)
					}

					filters = append(filters, "("+strings.Join(ors, " OR ")+")")

				default:
					// $gt and $lt`,
  },
  {
    // A range on a date (\`dueAt: {$lt: …}\`) was never pushed down: every document the rest of the filter
    // matched was decoded in Go to compare it (the due sweep decoded every open task). It is now compared in
    // PostgreSQL (a date is a JSON number there), so only the documents in range reach Go. Only top-level
    // fields, and an array is always let through (Mongo matches an array with an element in range): Go
    // still filters every document afterwards, so the pushed-down filter need only be a superset.
    name: 'postgresql: a range on a date pushed down',
    file: 'internal/backends/postgresql/query.go',
    find: `				default:
					// $gt and $lt`,
    replace: `				case "$lt", "$lte", "$gt", "$gte":
					t, ok := v.(time.Time)
					if !ok || path.Len() != 1 {
						continue
					}

					op := map[string]string{"$lt": "<", "$lte": "<=", "$gt": ">", "$gte": ">="}[k]
					field := p.Next()
					filters = append(filters, fmt.Sprintf(
						"(%[1]s->%[2]s %[3]s %[4]s OR jsonb_typeof(%[1]s->%[2]s) = 'array')",
						metadata.DefaultColumn, field, op, p.Next(),
					))
					args = append(args, rootKey, string(must.NotFail(sjson.MarshalSingleValue(t))))

				default:
					// $gt and $lt`,
  },
];
