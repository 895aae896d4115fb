import {
  createSourceEventStream,
  execute,
  getOperationAST,
  Kind,
  print,
  visit,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  type GraphQLError,
  type GraphQLFormattedError,
} from 'graphql';
import { MessageType } from 'graphql-ws';
import type { WebSocket } from 'ws';
import { viewerScope } from '../auth/access.js';
import type { Viewer } from '../auth/token.js';
import type { Context } from '../context.js';
import type { LiveEvent } from './event-reader.js';

/**
 * Subscribers asking the same question share one execution per event: the same document,
 * operation, variables (all but the one bound to the root field's `after`, which only
 * chooses where a subscriber's own stream starts) and viewer scope. The first subscriber
 * that reaches an event executes it and serializes the result; every other one sends that
 * very string with its own operation id. Each subscriber still has its own event stream
 * (replay after its cursor, exactly once in commit order, FELL_BEHIND), so only the work
 * that does not depend on the subscriber is shared. Replayed events are objects read for
 * that subscriber alone, so they are executed for it alone; once its replay is done it
 * receives the hub's shared event objects like everyone else.
 */
export class SharedOperation {
  refs = 0;
  constructor(
    readonly key: string,
    readonly args: Pick<ExecutionArgs, 'schema' | 'document' | 'operationName' | 'variableValues'>,
    readonly viewer: Viewer | null,
  ) {}
}

export interface SharedExecutionOptions {
  context(viewer: Viewer | null): Context;
  /** Shapes execution errors as HTTP does; `origin` comes from the subscriber that executed. */
  formatErrors(errors: readonly GraphQLError[], origin: unknown): GraphQLFormattedError[];
}

/** What an event carries for shared execution: one serialized result per operation. */
type EventResults = Map<SharedOperation, Promise<string> | string>;
const resultsOf = new WeakMap<LiveEvent, EventResults>();
const printed = new WeakMap<DocumentNode, string>();
/** Unsent bytes a socket may hold before its subscriptions wait for it. */
const SEND_BACKLOG_BYTES = 256 * 1024;

export class SharedExecution {
  private readonly operations = new Map<string, SharedOperation>();

  constructor(private readonly options: SharedExecutionOptions) {}

  /** Distinct operations subscribed now (for tests). */
  size(): number {
    return this.operations.size;
  }

  /** The shared operation for these execution args and viewer; release it when done. */
  acquire(args: ExecutionArgs, viewer: Viewer | null): SharedOperation {
    const variables = { ...(args.variableValues ?? {}) };
    const cursorVariable = afterVariable(args.document, args.operationName);
    if (cursorVariable) delete variables[cursorVariable];
    let text = printed.get(args.document);
    if (text === undefined) printed.set(args.document, (text = print(args.document)));
    const key = JSON.stringify([text, args.operationName ?? null, variables, viewerScope(viewer)]);
    let op = this.operations.get(key);
    if (!op) {
      op = new SharedOperation(
        key,
        {
          schema: args.schema,
          document: args.document,
          operationName: args.operationName,
          variableValues: args.variableValues,
        },
        viewer,
      );
      this.operations.set(key, op);
    }
    op.refs += 1;
    return op;
  }

  release(op: SharedOperation): void {
    op.refs -= 1;
    if (op.refs === 0 && this.operations.get(op.key) === op) this.operations.delete(op.key);
  }

  /**
   * The serialized `next` payload of this operation for this event, executed once: the
   * string itself once it is ready, so the thousands of subscribers after the first take
   * it without another turn of the event loop.
   */
  resultFor(op: SharedOperation, event: LiveEvent, origin: unknown): Promise<string> | string {
    let results = resultsOf.get(event);
    if (!results) resultsOf.set(event, (results = new Map()));
    let result = results.get(op);
    if (result === undefined) {
      const running = this.run(op, event, origin);
      results.set(op, (result = running));
      running.then((text) => results.set(op, text)).catch(() => {});
    }
    return result;
  }

  private async run(op: SharedOperation, event: LiveEvent, origin: unknown): Promise<string> {
    // The subscriber's own `after` does not matter to an event's fields: the root field
    // only hands the event on, so the first subscriber's variables serve everyone's.
    const result: ExecutionResult = await execute({
      ...op.args,
      rootValue: event,
      contextValue: eventContext(this.options.context(op.viewer), event),
    });
    const { errors, ...rest } = result;
    return JSON.stringify(errors ? { ...rest, errors: this.options.formatErrors(errors, origin) } : rest);
  }

  /** Runs the subscription's subscribe resolvers (arguments, access, cursor checks): the subscriber's own stream or errors. */
  static source(args: ExecutionArgs): ReturnType<typeof createSourceEventStream> {
    return createSourceEventStream(args);
  }

  /**
   * Drains a subscriber's event stream onto its socket, sending each event's shared
   * serialized result under the subscriber's operation id. Once a socket holds a backlog it
   * waits for each send like graphql-ws does, so a socket that does not drain lets its
   * stream fill up and be ended with FELL_BEHIND. Yields nothing itself: graphql-ws only
   * sees the end (complete) or an error.
   */
  broadcast(
    source: AsyncIterator<unknown>,
    op: SharedOperation,
    socket: WebSocket,
    id: string,
    origin: unknown,
  ): AsyncGenerator<never, void, undefined> {
    const prefix = `{"id":${JSON.stringify(id)},"type":"${MessageType.Next}","payload":`;
    let released = false;
    const release = () => {
      if (!released) this.release(op);
      released = true;
    };
    const resultFor = (event: LiveEvent) => this.resultFor(op, event, origin);
    // Sends on the socket itself: graphql-ws only needs an iterator that ends when the stream does.
    // eslint-disable-next-line require-yield
    async function* drain(): AsyncGenerator<never, void, undefined> {
      try {
        for (;;) {
          const next = await source.next();
          if (next.done || released) return;
          const result = resultFor(next.value as LiveEvent);
          const payload = typeof result === 'string' ? result : await result;
          if (released || socket.readyState !== socket.OPEN) continue;
          const message = `${prefix}${payload}}`;
          // Waits for the socket only once it holds a backlog, so a screen that stops reading
          // still lets its stream fill up (FELL_BEHIND) while the others cost one call each.
          if (socket.bufferedAmount < SEND_BACKLOG_BYTES) socket.send(message);
          else
            await new Promise<void>((resolve, reject) =>
              socket.send(message, (error) => (error ? reject(error) : resolve())),
            );
        }
      } finally {
        release();
        await source.return?.();
      }
    }
    const generator = drain();
    // graphql-ws ends a subscription with return(); the generator may be parked in
    // source.next(), so end the source first, which lets it finish.
    const ret = generator.return.bind(generator);
    generator.return = async (value) => {
      release();
      await source.return?.();
      return ret(value);
    };
    return generator;
  }
}

/**
 * The context an event is resolved with, and the one place it is built: the operation's
 * viewer, with the EntityManager fork and loaders the event itself carries
 * (LiveEvent.shared). The first execution to reach an event lends it its own fresh fork
 * and loaders. Every subscriber of this instance receives the same event object, so one
 * event costs each loader one statement however many screens and operations watch it,
 * and nothing is cached across events.
 */
function eventContext(context: Context, event: LiveEvent): Context {
  event.shared ??= { em: context.em, loaders: context.loaders };
  return { ...context, ...event.shared };
}

/**
 * The variable bound to the root field's `after` argument, when it is used nowhere else in
 * the document: a fragment (or another operation) using it too keeps it in the key, so
 * subscribers with different cursors never share an answer that depends on it.
 */
function afterVariable(document: DocumentNode, operationName: string | null | undefined): string | undefined {
  const operation = getOperationAST(document, operationName);
  const root = operation?.selectionSet.selections[0];
  if (!operation || operation.selectionSet.selections.length !== 1 || root?.kind !== Kind.FIELD) return undefined;
  const arg = root.arguments?.find((a) => a.name.value === 'after');
  if (arg?.value.kind !== Kind.VARIABLE) return undefined;
  const name = arg.value.name.value;
  let uses = 0;
  visit(document, { Variable: (node) => void (node.name.value === name && uses++) });
  // Once in the operation's definitions, once as `after`.
  return uses === 2 ? name : undefined;
}
