// Ivr on Azure: a Flex Consumption Function App (custom handler), Storage (host storage, the deployment
// package container and the Handoffs/Lines/Callers/Rollups tables), Application Insights, and a Key Vault
// holding the secrets. The app reaches storage and the vault with its system-assigned identity only.

targetScope = 'resourceGroup'

@description('Name prefix of every resource (lowercase letters and digits, 3-11 characters).')
@minLength(3)
@maxLength(11)
param name string

@description('Azure region.')
param location string = resourceGroup().location

@description('Memory of each instance, in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Most instances the app scales out to (Flex Consumption allows 40 to 1000).')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 100

@description('Always-ready instances of the http group (billed); 1 or more removes the cold start of the voice endpoints.')
@minValue(0)
param alwaysReadyInstances int = 1

@description('E.164 number dialled when no rule can be used (Ivr__FallbackNumber).')
param fallbackNumber string

@description('The Twilio auth token (key of the request signatures: 32 hex digits). Stored in Key Vault only.')
@secure()
@minLength(32)
param twilioAuthToken string

@secure()
@description('A second accepted Twilio auth token, only while rotating (Twilio__SecondaryAuthToken); empty otherwise.')
param twilioSecondaryAuthToken string = ''

@description('Key of the keyed hash under which caller numbers are stored (16+ characters). Stored in Key Vault only.')
@secure()
@minLength(16)
param callerHashKey string

@description('Base64 of the 32-byte AES key that seals the numbers of callers waiting for a callback (openssl rand -base64 32). Stored in Key Vault only. Empty: no caller is offered a callback.')
@secure()
param callbackKey string = ''

@description('The Twilio account SID (AC…) Ivr places calls with, to offer waiting callers and callbacks to free people. Empty: queued callers are not offered.')
param twilioAccountSid string = ''

@description('SHA-256 (lowercase hex) of the admin API key: printf %s "$key" | sha256sum.')
@minLength(64)
@maxLength(64)
param adminKeyHash string

@description('SHA-256 (lowercase hex) of the analyst API key: printf %s "$key" | sha256sum.')
@minLength(64)
@maxLength(64)
param analystKeyHash string

@description('Public base URL Twilio calls (e.g. https://ivr.example.com). Empty: https://<app default host name>.')
param publicBaseUrl string = ''

var suffix = uniqueString(resourceGroup().id, name)
var storageAccountName = take('${name}st${suffix}', 24)
var keyVaultName = take('${name}-kv-${suffix}', 24)
var appName = '${name}-func-${suffix}'
var deploymentContainerName = 'app-package'
var tableNames = [
  'Handoffs'
  'Lines'
  'Callers'
  'Rollups'
  'Presence'
  'Waiting'
  'Callbacks'
]

// Built-in role definition ids.
var roles = {
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6'
}

resource workspace 'Microsoft.OperationalInsights/workspaces@2025-02-01' = {
  name: '${name}-log-${suffix}'
  location: location
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: 30
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: '${name}-appi-${suffix}'
  location: location
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
  }
}

resource storage 'Microsoft.Storage/storageAccounts@2025-06-01' = {
  name: storageAccountName
  location: location
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    allowSharedKeyAccess: false
    allowBlobPublicAccess: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    defaultToOAuthAuthentication: true
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2025-06-01' = {
  parent: storage
  name: 'default'
}

resource deploymentContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-06-01' = {
  parent: blobService
  name: deploymentContainerName
  properties: {
    publicAccess: 'None'
  }
}

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2025-06-01' = {
  parent: storage
  name: 'default'
}

resource tables 'Microsoft.Storage/storageAccounts/tableServices/tables@2025-06-01' = [
  for table in tableNames: {
    parent: tableService
    name: table
  }
]

resource keyVault 'Microsoft.KeyVault/vaults@2024-11-01' = {
  name: keyVaultName
  location: location
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    publicNetworkAccess: 'Enabled'
  }
}

resource twilioAuthTokenSecret 'Microsoft.KeyVault/vaults/secrets@2024-11-01' = {
  parent: keyVault
  name: 'twilio-auth-token'
  properties: {
    value: twilioAuthToken
  }
}

resource twilioSecondaryAuthTokenSecret 'Microsoft.KeyVault/vaults/secrets@2024-11-01' = if (!empty(twilioSecondaryAuthToken)) {
  parent: keyVault
  name: 'twilio-secondary-auth-token'
  properties: {
    value: twilioSecondaryAuthToken
  }
}

resource callerHashKeySecret 'Microsoft.KeyVault/vaults/secrets@2024-11-01' = {
  parent: keyVault
  name: 'caller-hash-key'
  properties: {
    value: callerHashKey
  }
}

resource callbackKeySecret 'Microsoft.KeyVault/vaults/secrets@2024-11-01' = if (!empty(callbackKey)) {
  parent: keyVault
  name: 'callback-key'
  properties: {
    value: callbackKey
  }
}

resource plan 'Microsoft.Web/serverfarms@2024-11-01' = {
  name: '${name}-plan-${suffix}'
  location: location
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource app 'Microsoft.Web/sites@2024-11-01' = {
  name: appName
  location: location
  kind: 'functionapp,linux'
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: {
            type: 'SystemAssignedIdentity'
          }
        }
      }
      runtime: {
        name: 'custom'
        version: '1.0'
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
        alwaysReady: alwaysReadyInstances > 0
          ? [
              {
                name: 'http'
                instanceCount: alwaysReadyInstances
              }
            ]
          : []
      }
    }
  }
}

// Every setting lives here: ARM replaces the whole collection on each deployment.
resource appSettings 'Microsoft.Web/sites/config@2024-11-01' = {
  parent: app
  name: 'appsettings'
  properties: {
    AzureWebJobsStorage__accountName: storage.name
    AzureWebJobsStorage__credential: 'managedidentity'
    APPLICATIONINSIGHTS_CONNECTION_STRING: appInsights.properties.ConnectionString
    ASPNETCORE_ENVIRONMENT: 'Production'
    Twilio__AuthToken: '@Microsoft.KeyVault(SecretUri=${twilioAuthTokenSecret.properties.secretUri})'
    Twilio__PublicBaseUrl: empty(publicBaseUrl) ? 'https://${app.properties.defaultHostName}' : publicBaseUrl
    Storage__TableServiceUri: storage.properties.primaryEndpoints.table
    Ivr__FallbackNumber: fallbackNumber
    Privacy__CallerHashKey: '@Microsoft.KeyVault(SecretUri=${callerHashKeySecret.properties.secretUri})'
    Privacy__CallbackKey: empty(callbackKey) ? '' : '@Microsoft.KeyVault(SecretUri=${callbackKeySecret!.properties.secretUri})'
    Twilio__AccountSid: twilioAccountSid
    Admin__ApiKeyHashes__0: adminKeyHash
    Analytics__ApiKeyHashes__0: analystKeyHash
    // Only during a token rotation (docs/deploy.md); empty (no second token) otherwise.
    Twilio__SecondaryAuthToken: empty(twilioSecondaryAuthToken) ? '' : '@Microsoft.KeyVault(SecretUri=${twilioSecondaryAuthTokenSecret!.properties.secretUri})'
  }
  dependsOn: [
    storageBlobDataOwner
    storageQueueDataContributor
    storageTableDataContributor
    keyVaultSecretsUser
  ]
}

resource storageBlobDataOwner 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, app.id, roles.storageBlobDataOwner)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageBlobDataOwner)
    principalId: app.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

resource storageQueueDataContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, app.id, roles.storageQueueDataContributor)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageQueueDataContributor)
    principalId: app.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

resource storageTableDataContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, app.id, roles.storageTableDataContributor)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageTableDataContributor)
    principalId: app.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

resource keyVaultSecretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(keyVault.id, app.id, roles.keyVaultSecretsUser)
  scope: keyVault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsUser)
    principalId: app.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

var defaultHostName = app.properties.defaultHostName
var voiceBaseUrl = empty(publicBaseUrl) ? 'https://${defaultHostName}' : publicBaseUrl

@description('Name of the Function App (for az functionapp deployment source config-zip).')
output functionAppName string = app.name

@description('Default host name of the Function App.')
output defaultHostName string = defaultHostName

@description('The Twilio number\'s "A call comes in" URL (POST).')
output twilioVoiceUrl string = '${voiceBaseUrl}/api/voice/incoming'

@description('The Twilio number\'s "Primary handler fails" URL (POST).')
output twilioFallbackUrl string = '${voiceBaseUrl}/api/voice/incoming'

@description('The Twilio number\'s "Call status changes" URL (POST).')
output twilioStatusCallbackUrl string = '${voiceBaseUrl}/api/voice/call-status'
