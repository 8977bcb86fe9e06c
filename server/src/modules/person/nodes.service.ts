// `node(id)` looks the type up among the node sources every module declares on its face.
import type { ModuleDeclarations, NodeSource } from '../../graphql/module.js';

export class NodeService {
  constructor(private readonly declarations: Pick<ModuleDeclarations, 'nodes'>) {}

  source(type: string): NodeSource | undefined {
    return this.declarations.nodes().find((source) => source.type === type);
  }
}
