// The person module: the subject of every request (`me`) and `node(id)` over the node sources
// every module declares. Other modules hang their fields on `Person`.
import 'reflect-metadata'; // the face loads decorated classes: the metadata polyfill first
import { defineModule, type ModuleDeclarations, type ModuleInstance } from '../../graphql/module.js';
import { NodeService } from './nodes.service.js';
import { PersonResolver, type PersonServices } from './person.resolver.js';
import { personFor } from './person.types.js';

export const personModule = defineModule({
  name: 'person',
  resolvers: [PersonResolver],
  create: (deps: { declarations: Pick<ModuleDeclarations, 'nodes'> }): ModuleInstance<PersonServices> => ({
    services: { nodes: new NodeService(deps.declarations) },
    nodes: [{ type: 'Person', category: null, load: async (subjectId, id) => (id === subjectId ? personFor(subjectId) : null) }],
  }),
});

export { Person, personFor } from './person.types.js';
export type { PersonServices } from './person.resolver.js';
