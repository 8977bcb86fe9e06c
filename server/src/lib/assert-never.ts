/**
 * For the end of an exhaustive `switch`: compiles only while every case is handled, so a new
 * member of a union (a new principal kind, say) fails the build at each decision until it is handled.
 */
export function assertNever(value: never): never {
  throw new Error(`Unhandled case: ${JSON.stringify(value)}`);
}
