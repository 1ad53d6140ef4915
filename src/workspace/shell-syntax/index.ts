export { loadShellParser, loadedShellParser, type ParseOutcome, type ShellParser } from './parser';
export {
  analyseScript,
  type AnalyseOptions,
  type Cwds,
  type RedirectKind,
  type ShellAnalysis,
  type ShellAssignment,
  type ShellCommand,
  type ShellRedirect,
} from './analysis';
export { mayStartWith, quoteWord, readWord, renderScript, type ShellWord } from './words';
