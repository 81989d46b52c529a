package app

import "context"

// AccountInfo is getAccountInfoSync's result without errMsg: the function is
// synchronous and returns the object itself.
func (h *AppService) AccountInfo(appID string) (Result, error) {
	a, err := h.app(apiAccountInfo, appID)
	if err != nil {
		return nil, err
	}
	mp := a.mp
	version := ""
	if mp.EnvVersion == "release" {
		version = mp.Version // only the release version has an online version number
	}
	r := Result{"miniProgram": Result{"appId": mp.AppID, "envVersion": mp.EnvVersion, "version": version}}
	if mp.Plugin != nil {
		r["plugin"] = Result{"appId": mp.Plugin.AppID, "version": mp.Plugin.Version}
	}
	return r, nil
}

// SetEnvVersion switches an app's envVersion at run time.
func (h *AppService) SetEnvVersion(ctx context.Context, appID, env string) error {
	if err := ValidEnvVersion(env); err != nil {
		return err
	}
	return h.stateChanged(h.updateApp(appID, func(mp *MiniProgram) { mp.EnvVersion = env }))
}

// SetUserInfoPolicy switches an app between "full" and "anonymous" user info.
func (h *AppService) SetUserInfoPolicy(ctx context.Context, appID, policy string) error {
	if err := ValidUserInfoPolicy(policy); err != nil {
		return err
	}
	return h.stateChanged(h.updateApp(appID, func(mp *MiniProgram) { mp.UserInfoPolicy = policy }))
}

// updateApp replaces a loaded app's MiniProgram with a changed copy.
func (h *AppService) updateApp(appID string, change func(*MiniProgram)) error {
	if !h.apps.update(appID, change) {
		return &Fail{API: "minihost", Reason: "app " + appID + " is not loaded"}
	}
	return nil
}
