import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { APP_CONFIG } from '@app/config';
import type { AppConfig } from '@app/config';
import { AssessmentModule } from '@app/assessment';
import { StationYearListController, YearsController } from './years.controller';
import { StationYearsController } from './station-years.controller';

@Module({
  imports: [
    AssessmentModule,
    // uploads stay in memory (≤ MAX_UPLOAD_BYTES) and go to the database with their checksum; larger → 413
    MulterModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({ limits: { fileSize: config.maxUploadBytes, files: 1, fields: 10 } }),
    }),
  ],
  controllers: [YearsController, StationYearListController, StationYearsController],
})
export class AssessmentApiModule {}
