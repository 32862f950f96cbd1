import { programmeOf, type Programme } from '@continuum/domain';
import { indicatorDef, INDICATORS, type IndicatorDef, type Section } from './catalogue';
import type { IndicatorDefinition } from './definitions';
import type { QuarterlyReport, ReportRow } from './quarterly-report';

const SECTION_TITLE: Record<Section, string> = {
  'follow-up': 'Long-term follow-up',
  children: 'Children',
  risk: 'Families identified at risk',
  staff: 'Social workers and caseload',
  process: 'Process',
};

/**
 * The quarterly coordination report as one self-contained HTML page: tables (an indicator per line, a
 * district per column, then the pilot and later districts and the city) and inline SVG bar charts. No
 * script, no external asset; every text from data is escaped. Counts only: no personal data reaches it.
 */
export function renderQuarterlyReport(report: QuarterlyReport): string {
  const title = `Quarterly coordination report: ${report.city}, ${report.period.label}`;
  // A row's label carries the number of its definition at the end of the page.
  const footnote = new Map(report.definitions.map((d, i) => [d.name, i + 1]));
  const body = report.programmes.length
    ? report.programmes.map((p) => programmeSection(p.programme, p.rows, footnote)).join('\n') + '\n' + definitionsSection(report.definitions, report.threshold)
    : '<p>No cases of any programme in this city for the period.</p>';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${esc(title)}</title>
<style>
body { font: 14px/1.4 system-ui, sans-serif; margin: 2em; color: #222; }
h1 { font-size: 1.5em; } h2 { margin-top: 2em; border-bottom: 2px solid #345; } h3 { margin-top: 1.5em; }
table { border-collapse: collapse; margin: .5em 0; }
th, td { border: 1px solid #ccc; padding: 3px 6px; } td { text-align: right; } th[scope=row] { text-align: left; font-weight: normal; max-width: 28em; }
thead th { background: #eef; font-size: .9em; } .subtotal { background: #f6f6f6; } .total { background: #e8e8e8; font-weight: bold; }
td.s { color: #999; } .note { color: #555; font-size: .9em; } svg { display: block; margin: .5em 0 1em; }
sup { color: #555; } ol.definitions li { margin-bottom: .6em; max-width: 60em; } ol.definitions p { margin: .1em 0; }
</style>
</head>
<body>
<h1>${esc(title)}</h1>
<p class="note">Period ${esc(iso(report.period.from))} to ${esc(iso(report.period.to))} (UTC, end excluded). Generated ${esc(report.generatedAt.toISOString())}.
Counts below ${report.threshold} are suppressed, and so is any cell they could be worked out from through a total: such cells read <b>s</b>.
A dash means not applicable (no case to measure). Pilot districts are marked <i>(pilot)</i>.
The number after an indicator points to its definition at the end of the page.</p>
${body}
</body>
</html>
`;
}

function programmeSection(programme: Programme, rows: ReportRow[], footnote: ReadonlyMap<string, number>): string {
  const defs = INDICATORS.filter((d) => d.programmes.includes(programme));
  const sections = (['follow-up', 'children', 'risk', 'staff', 'process'] as const).map((section) => {
    const inSection = defs.filter((d) => d.section === section);
    if (inSection.length === 0) return '';
    // The risk factors get a table of their own: sixteen lines would bury the levels and causes.
    const [main, factors] =
      section === 'risk'
        ? [inSection.filter((d) => !d.name.startsWith('atRisk.factor.')), inSection.filter((d) => d.name.startsWith('atRisk.factor.'))]
        : [inSection, []];
    return `<h3>${esc(SECTION_TITLE[section])}</h3>\n${table(main, rows, footnote)}${factors.length ? `\n<h3>Families at risk by risk factor</h3>\n${table(factors, rows, footnote)}` : ''}`;
  });
  // The figures the meeting looks at first, district by district: the programme's own choice.
  const charts = programmeOf(programme)
    .reportCharts.map((name) =>
      barChart(
        indicatorDef(name)!,
        rows.filter((r) => r.kind === 'district'),
      ),
    )
    .join('\n');
  return `<section data-programme="${esc(programme)}">\n<h2>${esc(programmeOf(programme).title)}</h2>\n${charts}\n${sections.join('\n')}\n</section>`;
}

function table(defs: IndicatorDef[], rows: ReportRow[], footnote: ReadonlyMap<string, number>): string {
  const head = rows.map((r) => `<th scope="col" class="${r.kind}">${esc(r.label)}${r.pilot ? ' <i>(pilot)</i>' : ''}</th>`).join('');
  const lines = defs.map(
    (d) => `<tr><th scope="row">${esc(d.label)} <sup>${footnote.get(d.name) ?? ''}</sup></th>${rows.map((r) => cell(d, r)).join('')}</tr>`,
  );
  return `<table>\n<thead><tr><th scope="col">Indicator</th>${head}</tr></thead>\n<tbody>\n${lines.join('\n')}\n</tbody>\n</table>`;
}

function cell(def: IndicatorDef, row: ReportRow): string {
  const attrs = `data-row="${esc(row.id)}" data-indicator="${esc(def.name)}"`;
  const cls = row.kind === 'district' ? '' : ` class="${row.kind}"`;
  if (row.hidden.includes(def.name)) return `<td ${attrs} class="s" title="suppressed">s</td>`;
  return `<td ${attrs}${cls}>${esc(format(def, row.values[def.name] ?? null))}</td>`;
}

export function format(def: IndicatorDef, value: number | null): string {
  if (value === null) return '–';
  if (def.kind === 'share') return `${(value * 100).toFixed(1)}%`;
  if (def.kind === 'median' || def.kind === 'ratio' || def.name === 'staff.socialWorkersPer10k') return value.toFixed(2);
  return String(value);
}

/** A horizontal bar per district; a suppressed value gets no bar, and says so. */
function barChart(def: IndicatorDef, rows: ReportRow[]): string {
  const barHeight = 18;
  const labelWidth = 200;
  const width = 620;
  const values = rows.map((r) => (r.hidden.includes(def.name) ? null : (r.values[def.name] ?? null)));
  const max = def.kind === 'share' ? 1 : Math.max(1, ...values.map((v) => v ?? 0));
  const bars = rows.map((r, i) => {
    const v = values[i] ?? null;
    const y = 24 + i * (barHeight + 6);
    const w = v === null ? 0 : Math.round(((width - labelWidth - 80) * v) / max);
    const text = r.hidden.includes(def.name) ? 'suppressed' : format(def, v);
    return (
      `<text x="${labelWidth - 6}" y="${y + 13}" text-anchor="end">${esc(r.label)}</text>` +
      `<rect x="${labelWidth}" y="${y}" width="${w}" height="${barHeight}" fill="${r.pilot ? '#3a6ea5' : '#8fb3d9'}"/>` +
      `<text x="${labelWidth + w + 6}" y="${y + 13}">${esc(text)}</text>`
    );
  });
  const height = 24 + rows.length * (barHeight + 6) + 4;
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" width="${width}" height="${height}" font-size="12" data-indicator="${esc(def.name)}">
<title>${esc(def.label)}</title><text x="0" y="14" font-weight="bold">${esc(def.label)}</text>
${bars.join('\n')}
</svg>`;
}

/**
 * The footnotes: each indicator shown, numbered as its rows are, with what it counts (numerator and
 * denominator, samples, base), its period rule and its suppression, from the report's definitions.
 */
function definitionsSection(defs: readonly IndicatorDefinition[], threshold: number): string {
  const items = defs.map((d) => {
    const lines = [
      `<b>${esc(d.label)}</b> <code>${esc(d.name)}</code>`,
      `${d.programmes.length > 1 ? 'Programmes' : 'Programme'}: ${esc(d.programmes.map((p) => programmeOf(p).title).join('; '))}.`,
      whatItCounts(d),
      ...(d.note ? [esc(d.note)] : []),
      `Period: ${esc(d.period.text)}`,
      `Suppression: ${esc(d.suppression.text)}`,
    ];
    return `<li data-indicator="${esc(d.name)}">${lines.map((l) => `<p>${l}</p>`).join('')}</li>`;
  });
  return `<section id="definitions">
<h2>Definitions</h2>
<p class="note">This report leaves the districts, so it is always suppressed; the threshold is ${threshold}.</p>
<ol class="definitions">
${items.join('\n')}
</ol>
</section>`;
}

/** What a definition counts, as a sentence of HTML (every text escaped). */
function whatItCounts(d: IndicatorDefinition): string {
  const part = (r: { name: string; label: string }) => `<i>${esc(r.label)}</i> (<code>${esc(r.name)}</code>)`;
  switch (d.kind) {
    case 'count':
      return `Counts ${esc(d.unit)}.`;
    case 'share':
      return `Share of ${esc(d.unit)}: ${part(d.numerator)} ÷ ${part(d.denominator)}.`;
    case 'median':
      return `Median, in ${esc(d.unit)}, of ${esc(d.samples)}. Their count: ${part(d.count)}.`;
    case 'ratio':
      return `Ratio of ${esc(d.unit)}: ${part(d.count)} ${esc(d.base)}.`;
    case 'reference':
      return `Reference data: ${esc(d.unit)}${d.base ? ` ${esc(d.base)}` : ''}.`;
  }
}

const iso = (d: Date) => d.toISOString().slice(0, 10);

export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
