// Imported first by the CLI: React and Ink read NODE_ENV when they load, and development mode is slow and noisy.
process.env.NODE_ENV ??= 'production';
