import type { CommandNode, SimpleCommandNode, WordNode } from 'just-bash';

// Names for the just-bash AST shapes the analysis walks. The package exports only the top-level
// node types, so the rest are derived from them rather than imported from its internals.

export type { CommandNode, PipelineNode, ScriptNode, SimpleCommandNode, StatementNode, WordNode } from 'just-bash';

export type WordPart = WordNode['parts'][number];
export type RedirectionNode = SimpleCommandNode['redirections'][number];
export type RedirectionOperator = RedirectionNode['operator'];
export type HereDocNode = Extract<RedirectionNode['target'], { type: 'HereDoc' }>;
export type CompoundNode = Exclude<CommandNode, SimpleCommandNode | { type: 'FunctionDef' }>;
export type FunctionDefNode = Extract<CommandNode, { type: 'FunctionDef' }>;
export type IfNode = Extract<CommandNode, { type: 'If' }>;
export type CaseNode = Extract<CommandNode, { type: 'Case' }>;
export type ArithmeticCommandNode = Extract<CommandNode, { type: 'ArithmeticCommand' }>;
export type ConditionalCommandNode = Extract<CommandNode, { type: 'ConditionalCommand' }>;
export type ArithmeticExpressionNode = ArithmeticCommandNode['expression'];
export type ArithExpr = ArithmeticExpressionNode['expression'];
export type ConditionalExpressionNode = ConditionalCommandNode['expression'];
export type ParameterExpansionPart = Extract<WordPart, { type: 'ParameterExpansion' }>;
