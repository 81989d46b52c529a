export function greet(name) {
  return `hello ${name}`;
}
export default { greet };
