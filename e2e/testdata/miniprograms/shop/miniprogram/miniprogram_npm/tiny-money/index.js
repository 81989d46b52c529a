"use strict";
// tiny-money 1.0.2, built by the IDE's "build npm" into miniprogram_npm.
Object.defineProperty(exports, "__esModule", { value: true });
function money(cents, code) {
  if (code === void 0) { code = "CNY"; }
  var whole = Math.floor(cents / 100);
  var part = String(cents % 100);
  return code + " " + whole + "." + (part.length < 2 ? "0" + part : part);
}
exports.money = money;
exports.default = money;
