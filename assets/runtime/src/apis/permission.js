// askScope asks the host for one of the page's scopes (wx.authorize: the
// host's real prompt, or its prompt policy, once per app and persona) and
// answers whether it is granted. The camera and the recorders ask it before
// they open a device, as the phone does on their first use.
export function askScope(scope) {
  return new Promise((resolve) => {
    try {
      window.wx.authorize({ scope, success: () => resolve(true), fail: () => resolve(false) });
    } catch (e) {
      console.warn(`authorize ${scope}: ${e.message}`);
      resolve(false);
    }
  });
}

// userMedia opens the computer's camera or microphone (getUserMedia
// constraints); a page of a host other than localhost over http has none.
export function userMedia(constraints) {
  if (!navigator.mediaDevices?.getUserMedia) {
    return Promise.reject(new Error('this browser gives pages no camera or microphone (an http page of another host than localhost?)'));
  }
  return navigator.mediaDevices.getUserMedia(constraints);
}

// closeMedia stops every track of a stream userMedia opened, which lets the
// device go.
export function closeMedia(stream) {
  for (const t of stream.getTracks()) t.stop();
}

// deviceReason is the errMsg reason of a failed getUserMedia.
export function deviceReason(e, device = 'camera') {
  switch (e?.name) {
    case 'NotAllowedError': case 'SecurityError': return 'system permission denied';
    case 'NotFoundError': case 'OverconstrainedError': return `no ${device}`;
    case 'NotReadableError': case 'AbortError': return `${device} in use`;
    default: return e?.message || String(e);
  }
}
