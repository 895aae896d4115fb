import {
  Kind,
  type FieldNode,
  type FragmentDefinitionNode,
  type FragmentSpreadNode,
  type GraphQLResolveInfo,
  type SelectionSetNode,
} from 'graphql';

/** Fragment definitions by name, as `GraphQLResolveInfo.fragments` holds them. */
export type Fragments = Readonly<Record<string, FragmentDefinitionNode | undefined>>;

/** The fragment definitions among a document's definitions. */
export function fragmentsOf(definitions: readonly { kind: string }[]): Fragments {
  const fragments: Record<string, FragmentDefinitionNode> = Object.create(null);
  for (const definition of definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) {
      const fragment = definition as FragmentDefinitionNode;
      fragments[fragment.name.value] = fragment;
    }
  }
  return fragments;
}

export interface SelectionVisitor {
  field(node: FieldNode): boolean | void;
  spread(node: FragmentSpreadNode): boolean | void;
}

/**
 * The one walk over a selection set: `field` for each field at the set's own level,
 * `spread` for each named fragment spread, inline fragments opened on the way. It stops
 * at the first callback that returns true, and returns whether one did.
 *
 * Named fragments are the caller's to open, because how decides the cost: someField
 * opens each at most once per walk, which ends fragment cycles (graphql-js reports them)
 * and reads a fragment spread many times once.
 */
export function walkSelections(set: SelectionSetNode | undefined, visit: SelectionVisitor): boolean {
  if (!set) return false;
  for (const selection of set.selections) {
    const stop =
      selection.kind === Kind.FIELD
        ? visit.field(selection)
        : selection.kind === Kind.INLINE_FRAGMENT
          ? walkSelections(selection.selectionSet, visit)
          : visit.spread(selection);
    if (stop) return true;
  }
  return false;
}

/** Whether the selection set asks, at its own level (fragments included), for a field that passes `test`. */
export function someField(
  set: SelectionSetNode | undefined,
  fragments: Fragments,
  test: (field: FieldNode) => boolean,
): boolean {
  const opened = new Set<string>();
  const visit: SelectionVisitor = {
    field: test,
    spread: ({ name: { value: name } }) => {
      if (opened.has(name)) return false;
      opened.add(name);
      return walkSelections(fragments[name]?.selectionSet, visit);
    },
  };
  return walkSelections(set, visit);
}

/** Whether the current field's selection asks for `name` directly (fragments included). */
export function selects(info: GraphQLResolveInfo, name: string): boolean {
  return info.fieldNodes.some((node) => someField(node.selectionSet, info.fragments, (f) => f.name.value === name));
}
