export * from '../format/format-event.js';
