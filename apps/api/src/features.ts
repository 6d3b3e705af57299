/** The feature modules the API serves; each feature adds its module here. */
import { MasterDataApiModule } from './master-data/master-data-api.module';
import { AssessmentApiModule } from './assessment/assessment-api.module';
import { ReportingApiModule } from './reporting/reporting-api.module';
import { AuditApiModule } from './audit/audit-api.module';
export const FEATURE_MODULES: any[] = [MasterDataApiModule, AssessmentApiModule, ReportingApiModule, AuditApiModule];
