// A literal argument value that does not fit its type fails validation, and graphql-js's message
// repeats it ("Expected value of type "LocalDate", found "2024-02-31""). This plugin rewrites such
// messages while the document is at hand: the argument (and the path inside it), and the type
// expected. format-error.ts then answers them as BAD_USER_INPUT naming that argument.
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { BREAK, GraphQLError, TypeInfo, visit, visitWithTypeInfo, type ASTNode, type DocumentNode, type GraphQLSchema } from 'graphql';
import { AppError } from '../../lib/errors.js';

/** graphql-js's ValuesOfCorrectTypeRule: the messages that quote the value. */
const QUOTES_VALUE = /^Expected value of type "|does not exist in "\w+" enum|is not defined by type "|cannot represent/;

type Located = { field: string; argumentPath: string; expected: string };

/** The argument a value node belongs to, the path to it inside the argument, and the input type expected there. */
function locate(schema: GraphQLSchema, document: DocumentNode, target: ASTNode): Located | null {
  const typeInfo = new TypeInfo(schema);
  const names: string[] = [];
  let found: Located | null = null;
  const check = (node: ASTNode) => {
    if (node !== target) return undefined;
    found = { field: typeInfo.getFieldDef()?.name ?? '?', argumentPath: names.join('.'), expected: String(typeInfo.getInputType() ?? typeInfo.getParentInputType() ?? '?') };
    return BREAK;
  };
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Argument: {
        enter: (node) => {
          names.push(node.name.value);
        },
        leave: () => {
          names.pop();
        },
      },
      ObjectField: {
        enter: (node) => {
          if (node === target) return check(node);
          names.push(node.name.value);
          return undefined;
        },
        leave: () => {
          names.pop();
        },
      },
      enter: check,
    }),
  );
  return found;
}

export function inputErrorsPlugin(schema: GraphQLSchema): ApolloServerPlugin<BaseContext> {
  return {
    async requestDidStart() {
      return {
        async validationDidStart({ document }) {
          return async (errors?: ReadonlyArray<Error>) => {
            for (const error of errors ?? []) {
              if (!(error instanceof GraphQLError)) continue;
              const node = error.nodes?.[0];
              // Our scalars raise BAD_USER_INPUT at the literal, with a message that has no value in it.
              const ours = error instanceof AppError;
              if (!node || !(ours || QUOTES_VALUE.test(error.message))) continue;
              const located = locate(schema, document, node);
              // graphql-js's own reasons say no more than the type expected, which is named anyway.
              const reason = ours ? ` ${error.message}` : error.originalError instanceof AppError ? ` ${error.originalError.message}` : '';
              error.message = located
                ? `Argument "${located.argumentPath.split('.')[0]}" of field "${located.field}" has an invalid value${located.argumentPath.includes('.') ? ` at "${located.argumentPath}"` : ''}; expected ${located.expected}.${reason}`
                : `Invalid value.${reason}`;
              // Read by format-error.ts: a value error, answered as BAD_USER_INPUT.
              Object.assign(error.extensions, { field: located?.argumentPath ?? null });
            }
          };
        },
      };
    },
  };
}
