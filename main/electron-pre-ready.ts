/**
 * Settings Electron reads before 'ready'. main.ts imports this module first: with an ESM entry
 * point only its imports' side effects are sure to run before 'ready' (Electron's ESM notes).
 */
import { app } from 'electron';
import os from 'node:os';
import path from 'node:path';
import { defaultDataDir } from '../server/launcher-api.js';
import { SESSION_DATA_SUBDIR } from './app-paths.js';

// The same name and userData folder whether packaged or run as `electron .` (where Electron would
// take the lower-case package name): userData is Flowdesk's default data directory, as
// server/config/paths.ts computes it, so `flowdesk run` and the desktop app share their flows.
app.setName('Flowdesk');
app.setPath('userData', defaultDataDir(process.platform, process.env, os.homedir()));
// Chromium's caches, cookies and local storage go to a subfolder, not among the server's files.
app.setPath('sessionData', path.join(app.getPath('userData'), SESSION_DATA_SUBDIR));
