export * from './civil-date';
export * from './zone';
export * from './calendar-data';
export * from './calendar-files';
export * from './working-day-calendar';
export * from './reminder-schedule';
