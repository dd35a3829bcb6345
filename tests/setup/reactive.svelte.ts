// Props a unit test can change after mounting a component, as a parent's state would.
export function reactiveProps<T extends object>(initial: T): T {
  const props = $state(initial);
  return props;
}
