// busy deployment: 4096 MB instances, at most 100, 3 always ready on the http group.
// No secret lives here: the secure values and the key hashes come from the environment of whoever deploys
// (build-params fails when one is not set):
//   export IVR_TWILIO_AUTH_TOKEN=… IVR_CALLER_HASH_KEY=$(openssl rand -hex 32)
//   optional: IVR_TWILIO_ACCOUNT_SID=AC… (queue offers) IVR_CALLBACK_KEY=$(openssl rand -base64 32) (callbacks)
//   export IVR_ADMIN_KEY_HASH=$(printf %s "$ADMIN_API_KEY" | sha256sum | cut -d' ' -f1)   # likewise IVR_ANALYST_KEY_HASH
using './main.bicep'

param name = readEnvironmentVariable('IVR_NAME', 'ivr')
param instanceMemoryMB = 4096
param maximumInstanceCount = 100
param alwaysReadyInstances = 3
param fallbackNumber = readEnvironmentVariable('IVR_FALLBACK_NUMBER', '+31200000000')
param publicBaseUrl = readEnvironmentVariable('IVR_PUBLIC_BASE_URL', '')
param twilioAuthToken = readEnvironmentVariable('IVR_TWILIO_AUTH_TOKEN')
param twilioSecondaryAuthToken = readEnvironmentVariable('IVR_TWILIO_SECONDARY_AUTH_TOKEN', '')
param callerHashKey = readEnvironmentVariable('IVR_CALLER_HASH_KEY')
param callbackKey = readEnvironmentVariable('IVR_CALLBACK_KEY', '')
param twilioAccountSid = readEnvironmentVariable('IVR_TWILIO_ACCOUNT_SID', '')
param adminKeyHash = readEnvironmentVariable('IVR_ADMIN_KEY_HASH')
param analystKeyHash = readEnvironmentVariable('IVR_ANALYST_KEY_HASH')
