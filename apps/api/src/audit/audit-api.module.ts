import { Module } from '@nestjs/common';
import { AuditController } from './audit.controller';
import { AuditService } from './audit.service';

/** The audit trail over the event store: JSON (paged), XLSX and CSV. */
@Module({ controllers: [AuditController], providers: [AuditService], exports: [AuditService] })
export class AuditApiModule {}
