import { ApiProperty } from '@nestjs/swagger';

export class QueueHealthDto {
  @ApiProperty({ example: 'notices' }) name: string;
  @ApiProperty() ok: boolean;
  @ApiProperty() waiting: number;
  @ApiProperty() active: number;
  @ApiProperty() delayed: number;
  @ApiProperty() failed: number;
}

export class OutboxHealthDto {
  @ApiProperty({ description: 'events committed but not yet relayed to their queue' }) pending: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) oldestAt: Date | null;
  @ApiProperty({ description: 'age of the oldest pending row in seconds (0: none pending)' }) lagSeconds: number;
}

export class DeliveryCountDto {
  @ApiProperty({ example: 'inbox' }) channel: string;
  @ApiProperty({ example: 'delivered' }) status: string;
  @ApiProperty() count: number;
}

export class FailedDeliveryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() channel: string;
  @ApiProperty() attempts: number;
  @ApiProperty({ type: String, nullable: true }) lastError: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) at: Date;
  @ApiProperty() title: string;
}

export class SystemHealthDto {
  @ApiProperty({ enum: ['redis', 'postgres'] }) queueBackend: string;
  @ApiProperty({ type: [QueueHealthDto] }) queues: QueueHealthDto[];
  @ApiProperty({ type: OutboxHealthDto }) outbox: OutboxHealthDto;
  @ApiProperty({ type: [DeliveryCountDto] }) deliveries: DeliveryCountDto[];
  @ApiProperty({ type: [FailedDeliveryDto] }) failedDeliveries: FailedDeliveryDto[];
}
