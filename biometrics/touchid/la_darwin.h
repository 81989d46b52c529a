// C interface to LocalAuthentication for touchid_darwin.go; implemented in
// la_darwin.m (manual reference counting, so no -fobjc-arc is needed).

#include <stdint.h>

// mhLANew returns a new LAContext, retained; release it with mhLARelease.
void *mhLANew(void);
void mhLARelease(void *ctx);

// mhLACanEvaluate returns 1 when Touch ID can be used now; otherwise 0 and
// *code is the LAError code saying why.
int mhLACanEvaluate(void *ctx, long *code);

// mhLABiometryType is the context's LABiometryType, valid after
// mhLACanEvaluate: 0 none, 1 Touch ID, 2 Face ID, 4 Optic ID.
long mhLABiometryType(void *ctx);

// mhLAEvaluate starts evaluatePolicy with reason shown in the system dialog
// and returns at once; the framework later calls the Go function
// touchidReply(handle, ok, code) exactly once, on one of its own threads.
void mhLAEvaluate(void *ctx, const char *reason, uintptr_t handle);

// mhLAInvalidate cancels an evaluation in progress: the dialog closes and the
// reply arrives with LAErrorAppCancel.
void mhLAInvalidate(void *ctx);

// mhOSVersion returns "macOS major.minor.patch", malloc'd.
char *mhOSVersion(void);
