// Key places (重点部位) and cameras (视频点位) administered by the bureau (issue 12 part 1): see keyplaces.ts and
// cameras.ts. Other modules (the Excel exchange) call these.
export * from './keyplaces';
export * from './cameras';
export { pointProblem } from './common';
