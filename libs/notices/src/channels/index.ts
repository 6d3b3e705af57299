export * from './channel';
export * from './delivery-error';
export * from './retry-policy';
export * from './webhook-signature';
export { WebhookChannel, buildWebhookPayload, type WebhookChannelOptions, type WebhookPayload } from './webhook.channel';
export { EmailChannel, messageIdFor, classifySmtpError, type EmailChannelOptions } from './email.channel';
export { ChannelSenders, robotAddressOf, type ChannelSendersOptions } from './channel-senders';
export * from './robot.channel';
export * from './robot-rate';
