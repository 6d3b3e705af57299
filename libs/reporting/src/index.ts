export * from './xlsx';
export * from './board/board-status';
export * from './board/board.sql';
export * from './board/board.query';
export * from './leaders.queries';
export * from './exports/export-files';
export * from './exports/export-jobs';
export * from './reporting.module';
