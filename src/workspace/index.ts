export * from './types';
export { normalizePath, joinPath, dirname, basename, isUnder, resolveInRoot, toRelative } from './paths';
export { FileTree, fsError } from './file-tree';
export type { FileNode, DirNode, TreeNode, TreeSnapshot, TreeListener } from './file-tree';
export { TreeFs, createShellFs, bytesToLatin1, latin1ToBytes } from './just-bash-fs';
export type { JustBashFsModule } from './just-bash-fs';
export { LiteWorkspace, createLiteWorkspace } from './lite-workspace';
export type { LiteWorkspaceOptions, ShellState } from './lite-workspace';
