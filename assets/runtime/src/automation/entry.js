// Entry of dist/automation.js, the bridge loaded when an automation host
// first asks (index.js): it hands its factory over and defines nothing else.
import { createBridge } from './bridge.js';

window.__minihostAutomationBridge = createBridge;
