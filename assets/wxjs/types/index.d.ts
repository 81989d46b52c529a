// Types of minihost-wx: the wx open interfaces are typed by miniprogram-api-typings (what mini
// program authors already use); only what minihost adds or the typings lack is declared here.
/// <reference types="miniprogram-api-typings" />

import type { OpenAPIName } from './openapis.js';
export type { OpenAPIName, GestureAPIName } from './openapis.js';

/** Every call also takes `timeout` (ms): the call fails with "<api>:fail timeout". */
export interface CallOption {
  timeout?: number;
}

/** The result of getPhoneNumber / getRealtimePhoneNumber (the typings have them only as button events). */
export interface PhoneNumberResult extends WechatMiniprogram.GeneralCallbackResult {
  /** Exchange it with the server's getuserphonenumber. */
  code: string;
  /** getPhoneNumber only: the legacy encrypted number. */
  encryptedData?: string;
  iv?: string;
  cloudID?: string;
}

export interface PhoneNumberOption extends CallOption {
  success?: (res: PhoneNumberResult) => void;
  fail?: (res: WechatMiniprogram.GeneralCallbackResult) => void;
  complete?: (res: WechatMiniprogram.GeneralCallbackResult) => void;
}

/** The phone-number calls behind <button open-type="getPhoneNumber"> (and "getRealtimePhoneNumber"). */
export interface PhoneNumberAPIs {
  getPhoneNumber<T extends PhoneNumberOption = PhoneNumberOption>(
    option?: T,
  ): T extends { success: any } | { fail: any } | { complete: any } ? void : Promise<PhoneNumberResult>;
  getRealtimePhoneNumber<T extends PhoneNumberOption = PhoneNumberOption>(
    option?: T,
  ): T extends { success: any } | { fail: any } | { complete: any } ? void : Promise<PhoneNumberResult>;
}

/** The open interfaces as the typings declare them (the phone-number ones as minihost answers them). */
export type OpenInterfaces = {
  [K in OpenAPIName]: K extends keyof PhoneNumberAPIs
    ? PhoneNumberAPIs[K]
    : K extends keyof WechatMiniprogram.Wx
      ? WechatMiniprogram.Wx[K]
      : never;
};

/** A wx object of minihost-wx: the open interfaces, canIUse and ready(). */
export type MinihostWx = OpenInterfaces & {
  canIUse: WechatMiniprogram.Wx['canIUse'];
  /** Resolves (to this wx) once the account info is loaded, so getAccountInfoSync works. */
  ready(): Promise<MinihostWx>;
};

export interface WxConfig {
  /** The host, e.g. "http://127.0.0.1:7878" (optional only in a page on an app's origin). */
  baseURL?: string;
  /** The app's appid. */
  appid: string;
  /** The app's token (minihost prints it at startup). */
  token?: string;
  /** Defaults to the global fetch. */
  fetch?: (url: string, init?: any) => Promise<any>;
  /** ready()'s timeout in ms. */
  timeout?: number;
}

/** A wx object for Node, a test runner or any other origin; await ready() before getAccountInfoSync. */
export function createWx(cfg: WxConfig): MinihostWx;

/** Replace an IDE's open interfaces (and wrap its canIUse); resolves once ready. */
export function install<W extends object>(existingWx: W, cfg: WxConfig): Promise<W & MinihostWx>;

/** minihost's version (FyneApp.toml). */
export const version: string;
