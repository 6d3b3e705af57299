/**
 * The recorded events that hand work to the next person (DOMAIN "Hand-offs: nobody has to poll"). Each is sent
 * through the outbox in its command's transaction, so the worker tells the next person exactly when the hand-off
 * commits; who is told what is @app/notices (rules/handoff-rules). Submissions reach the coordinators as a daily
 * digest instead, and a release as the 抄告.
 */
export const HAND_OFF_EVENT_TYPES = [
  'SelfAssessmentWindowOpened', 'ExtensionGranted', 'RecognitionVerified', 'RecognitionRefused', 'StationReturned', 'TableReturned',
  'ResultsSubmittedForApproval', 'ResultsApproved', 'ObjectionFiled',
] as const;
export type HandOffEventType = (typeof HAND_OFF_EVENT_TYPES)[number];

/** The outbox message name of a hand-off (its payload: the event's id and type). */
export const HAND_OFF_MESSAGE = 'HandOff';

export function isHandOffEvent(type: string): type is HandOffEventType {
  return (HAND_OFF_EVENT_TYPES as readonly string[]).includes(type);
}
