/**
 * Every migration of the application, in order. A module that owns tables adds its migration class here,
 * named <timestamp>-<what>.ts, so one list drives `migrate` on start, in the CLI and in tests.
 */
import { Foundation1764300000000 } from './1764300000000-foundation';
import { MasterData1764300000100 } from './1764300000100-master-data';
import { Auth1764300000200 } from './1764300000200-auth';
import { Workflow1764300000300 } from './1764300000300-workflow';
import { Notices1764300000400 } from './1764300000400-notices';
import { Reporting1764300000500 } from './1764300000500-reporting';
import { BoardIndexes1764300000600 } from './1764300000600-board-indexes';
import { NoticeIndexes1764300000700 } from './1764300000700-notice-indexes';
import { RateLimits1764300001100 } from './1764300001100-rate-limits';
import { NoticeOccasions1764300001200 } from './1764300001200-notice-occasions';
import { RobotSends1764300001201 } from './1764300001201-robot-sends';
import { RecordsBehindScores1764300001300 } from './1764300001300-records-behind-scores';
import { EventsByActor1764300001400 } from './1764300001400-events-by-actor';
import { IdempotencyClaims1764300001000 } from './1764300001000-idempotency-claims';
import { BoardSummaries1764300001500 } from './1764300001500-board-summaries';
import { MustChangePassword1764300001600 } from './1764300001600-must-change-password';
import { RecognitionEvidenceFiles1764300002000 } from './1764300002000-recognition-evidence-files';
import { CommitCheck1764300002100 } from './1764300002100-commit-check';
import { BoardWaivedMonths1764300002105 } from './1764300002105-board-waived-months';
import { BoardOccasions1764300002110 } from './1764300002110-board-occasions';
import { HandOffsTold1764300002200 } from './1764300002200-handoffs-told';
import { SweepWrites1764300002300 } from './1764300002300-sweep-writes';
import { InboxWrites1764300002310 } from './1764300002310-inbox-writes';
import { BoardOverview1764300002400 } from './1764300002400-board-overview';
import { SweepKeys1764300002500 } from './1764300002500-sweep-keys';
import { AuthChangeNotices1764300002600 } from './1764300002600-auth-change-notices';
import { BoardNoticesMerge1764300002700 } from './1764300002700-board-notices-merge';
import { MonthCoveredIndex1764300002800 } from './1764300002800-month-covered-index';

export const MIGRATIONS: Function[] = [Foundation1764300000000, MasterData1764300000100, Auth1764300000200, Workflow1764300000300, Notices1764300000400, Reporting1764300000500, BoardIndexes1764300000600, NoticeIndexes1764300000700, IdempotencyClaims1764300001000, RateLimits1764300001100, NoticeOccasions1764300001200, RobotSends1764300001201, RecordsBehindScores1764300001300, EventsByActor1764300001400, BoardSummaries1764300001500, MustChangePassword1764300001600, RecognitionEvidenceFiles1764300002000, CommitCheck1764300002100, BoardWaivedMonths1764300002105, BoardOccasions1764300002110, HandOffsTold1764300002200, SweepWrites1764300002300, InboxWrites1764300002310, BoardOverview1764300002400, SweepKeys1764300002500, AuthChangeNotices1764300002600, BoardNoticesMerge1764300002700, MonthCoveredIndex1764300002800];
