// The research module: aggregate statistics over the people who consented to research, with
// k-anonymity suppression. No personal type is reachable from here.
import 'reflect-metadata'; // the face loads decorated classes: the metadata polyfill first
import type { NoticeRegistry } from '../../authz/notice-registry.js';
import type { Database } from '../../db/database.js';
import { defineModule, type ModuleInstance } from '../../graphql/module.js';
import { ResearchData } from './research.data.js';
import { ResearchResolver, type ResearchServices } from './research.resolver.js';

export const researchModule = defineModule({
  name: 'research',
  resolvers: [ResearchResolver],
  create: (deps: { db: Database; notices: NoticeRegistry }): ModuleInstance<ResearchServices> => ({
    services: { research: new ResearchData(deps.db, deps.notices) },
  }),
});

export type { ResearchServices } from './research.resolver.js';
