//go:build darwin && cgo

#import <Foundation/Foundation.h>
#import <LocalAuthentication/LocalAuthentication.h>
#include <stdlib.h>
#include <string.h>

#include "la_darwin.h"
#include "_cgo_export.h"

void *mhLANew(void) {
	LAContext *ctx = [[LAContext alloc] init];
	// Biometrics only: an empty title hides the "Enter Password" button, so
	// a SOTER fingerprint request is never satisfied by a password.
	ctx.localizedFallbackTitle = @"";
	return ctx;
}

void mhLARelease(void *ctx) {
	[(LAContext *)ctx release];
}

int mhLACanEvaluate(void *ctx, long *code) {
	@autoreleasepool {
		NSError *err = nil;
		BOOL ok = [(LAContext *)ctx canEvaluatePolicy:LAPolicyDeviceOwnerAuthenticationWithBiometrics error:&err];
		*code = ok ? 0 : (long)err.code;
		return ok ? 1 : 0;
	}
}

long mhLABiometryType(void *ctx) {
	return (long)((LAContext *)ctx).biometryType;
}

void mhLAEvaluate(void *ctx, const char *reason, uintptr_t handle) {
	@autoreleasepool {
		NSString *r = [NSString stringWithUTF8String:reason];
		// The block captures only the integer handle; the framework copies
		// the block and keeps the context alive until it has replied.
		[(LAContext *)ctx evaluatePolicy:LAPolicyDeviceOwnerAuthenticationWithBiometrics
		                 localizedReason:r
		                           reply:^(BOOL success, NSError *error) {
			touchidReply(handle, success ? 1 : 0, success ? 0 : (long)error.code);
		}];
	}
}

void mhLAInvalidate(void *ctx) {
	[(LAContext *)ctx invalidate];
}

char *mhOSVersion(void) {
	@autoreleasepool {
		NSOperatingSystemVersion v = [[NSProcessInfo processInfo] operatingSystemVersion];
		NSString *s = [NSString stringWithFormat:@"macOS %ld.%ld.%ld",
		               (long)v.majorVersion, (long)v.minorVersion, (long)v.patchVersion];
		return strdup(s.UTF8String);
	}
}
