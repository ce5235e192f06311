const TRUE_VALUES = ['true', 'True', 'TRUE']
const FALSE_VALUES = ['false', 'False', 'FALSE']

/** A boolean input, spelled as the runner's YAML spells one; empty is false, anything else a problem. */
export function readFlag(get: (name: string) => string, input: string, problems: string[]): boolean {
  const value = get(input)
  if (value && !TRUE_VALUES.includes(value) && !FALSE_VALUES.includes(value)) {
    problems.push(`Input '${input}' is '${value}': write true or false.`)
  }
  return TRUE_VALUES.includes(value)
}
