// Package touchid is an app.Authenticator backed by Touch ID through
// Apple's LocalAuthentication framework (policy
// LAPolicyDeviceOwnerAuthenticationWithBiometrics: fingerprint only, no
// password fallback). It exists only in darwin builds with cgo; elsewhere the
// package is empty.
package touchid
