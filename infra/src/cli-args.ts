/** The value after `--name` among a command's arguments, or undefined when it is not given. */
export function flag(args: readonly string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
}
