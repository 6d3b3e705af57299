import { Module } from '@nestjs/common';
import { DepartmentService } from './departments';
import { ImportService } from './import/import-service';
import { StaffService } from './staff';
import { StationService } from './stations';
import { SubdistrictService } from './subdistricts';
import { UserService } from './users';

const SERVICES = [SubdistrictService, DepartmentService, StationService, StaffService, UserService, ImportService];

/** Master-data services; DataSource, TransactionRunner and CLOCK come from the global PlatformModule. */
@Module({ providers: SERVICES, exports: SERVICES })
export class MasterDataModule {}
