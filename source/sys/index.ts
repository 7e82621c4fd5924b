// The syscall layer's public face: everything above sys/ imports from here.
export * from './constants.js';
export * from './errors.js';
export * from './socket.js';
export * from './select.js';
export * from './poll.js';
export * from './epoll.js';
export * from './eventfd.js';
export * from './tcp-info.js';
export * from './socket-queues.js';
export * from './process.js';
export * from './fd.js';
export * from './proc.js';
export * from './proc-status.js';
export * from './sock-diag.js';
export * from './netstat.js';
