// Types of minihost-wx/host: the minihost control client (QA automation). Answers are the
// control API's JSON (docs/automating.md); their shapes are given where tests rely on them.

export interface HostConfig {
  /** The host, e.g. "http://127.0.0.1:7878". */
  baseURL?: string;
  /** The control token (`minihost ctl token`). */
  token: string;
  fetch?: (url: string, init?: any) => Promise<any>;
}

/** A refusal: the HTTP status and the host's answer. */
export interface HostError extends Error {
  status: number;
  body: unknown;
}

export interface Prompt {
  id: number;
  /** authorize, profile, settings, soter, phone, subscribe */
  kind: string;
  /** The wx API that prompted. */
  api: string;
  appid: string;
  appName: string;
  persona: string;
  scope?: string;
  [field: string]: unknown;
}

export type Answer = 'allow' | 'deny' | 'match' | 'no-match' | 'cancel' | string;

export interface AnswerOptions {
  authSetting?: Record<string, boolean>;
  subscriptionsSetting?: Record<string, unknown>;
  /** Subscribe prompts: {tmplId: 'accept' | 'reject'}. */
  choices?: Record<string, 'accept' | 'reject'>;
  /** Subscribe prompts: always keep this choice. */
  keep?: boolean;
}

/** Bytes for an upload: an ArrayBuffer, a typed array or a Blob. */
export type Bytes = ArrayBuffer | ArrayBufferView | { arrayBuffer(): Promise<ArrayBuffer> };

export interface PersonaOption {
  persona?: string;
}

export interface CallStream {
  /** Settles when the stream ends (resolves after close()). */
  done: Promise<void>;
  close(): void;
}

export interface Host {
  baseURL: string;
  status(): Promise<any>;
  personas: {
    list(): Promise<any>;
    create(p: object): Promise<any>;
    update(id: string, change: object): Promise<any>;
    delete(id: string): Promise<any>;
    switch(id: string): Promise<any>;
    setAvatar(id: string, image: Bytes): Promise<any>;
    clearAvatar(id: string): Promise<any>;
    export(ids?: string[]): Promise<any>;
    import(file: object | Bytes): Promise<any>;
  };
  apps: {
    list(): Promise<any[]>;
    load(dir: string): Promise<any>;
    unload(appid: string): Promise<any>;
    reset(appid: string, opts?: PersonaOption): Promise<any>;
    set(appid: string, change: object): Promise<any>;
    settings(appid: string, opts?: PersonaOption): Promise<any>;
    setSettings(appid: string, settings: object, opts?: PersonaOption): Promise<any>;
  };
  prompts: {
    list(): Promise<Prompt[]>;
    /** Long-polls for the next prompt (newer than `after`, by default than the last one seen). */
    next(opts?: { after?: number; timeout?: number }): Promise<Prompt>;
    answer(id: number, answer: Answer, opts?: AnswerOptions): Promise<any>;
  };
  policies: {
    list(): Promise<any>;
    /** policy: "ask", "allow", "deny" or "after:<duration>". */
    set(key: string, policy: string): Promise<any>;
    clear(key?: string): Promise<any>;
  };
  sessions: {
    get(appid: string, opts?: PersonaOption): Promise<any>;
    expire(appid: string, opts?: PersonaOption): Promise<any>;
    forget(appid: string, opts?: PersonaOption): Promise<any>;
  };
  timeouts: {
    get(): Promise<any>;
    set(t?: object): Promise<any>;
  };
  faults: {
    list(): Promise<any[]>;
    add(spec: { api: string; errMsg?: string; errCode?: number; delay?: string; hang?: boolean; times?: number }): Promise<any>;
    clear(api?: string): Promise<number>;
    remove(id: number | string): Promise<any>;
  };
  messages: {
    list(opts?: PersonaOption): Promise<any[]>;
  };
  calls: {
    list(filter?: Record<string, string | number | boolean | undefined>): Promise<any[]>;
    stream(filter: Record<string, string | number | boolean | undefined> | ((call: any) => void), onCall?: (call: any) => void): CallStream;
  };
}

/** The minihost control client; refused (403) from any web page, so use it from Node. */
export function createHost(cfg: HostConfig): Host;
