import { Module } from '@nestjs/common';
import { MasterDataModule } from '@app/master-data';
import { DepartmentsController } from './departments.controller';
import { ImportsController } from './imports.controller';
import { StaffController } from './staff.controller';
import { StationsController } from './stations.controller';
import { SubdistrictsController } from './subdistricts.controller';
import { UsersController } from './users.controller';

/** Admin endpoints for subdistricts, departments, stations, staff and users, and bulk import. */
@Module({
  imports: [MasterDataModule],
  controllers: [SubdistrictsController, DepartmentsController, StationsController, StaffController, UsersController, ImportsController],
})
export class MasterDataApiModule {}
