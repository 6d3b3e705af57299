/** The feature modules the API serves; each feature adds its module here. */
import { MasterDataApiModule } from './master-data/master-data-api.module';
import { AssessmentApiModule } from './assessment/assessment-api.module';
import { NoticesApiModule } from './notices/notices-api.module';
import { ReportingApiModule } from './reporting/reporting-api.module';
import { AuditApiModule } from './audit/audit-api.module';
import { AdminApiModule } from './admin/admin-api.module';
import { MeApiModule } from './me/me-api.module';
export const FEATURE_MODULES: any[] = [MasterDataApiModule, AssessmentApiModule, NoticesApiModule, ReportingApiModule, AuditApiModule, AdminApiModule, MeApiModule];
