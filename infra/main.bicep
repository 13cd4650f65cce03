// DurableIngest on Azure Functions Flex Consumption: the Function App (.NET 10 isolated worker), its storage account
// (host storage, deployment package container, run-store container; Shared Key access off), Application Insights on
// Log Analytics, a Key Vault (RBAC) for the database password, and one user-assigned managed identity that the app
// uses for host storage, the run store, the deployment package and Key Vault references. No setting holds a key.
// Deploy: see infra/README.md.

@description('Short name used to derive every resource name (letters and digits).')
@minLength(3)
@maxLength(16)
param baseName string = 'durableingest'

@description('Region of every resource. Flex Consumption is available in a subset of regions.')
param location string = resourceGroup().location

@description('.NET version of the isolated worker.')
param dotnetVersion string = '10.0'

@description('Most instances the app scales out to.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 100

@description('Memory of one instance (2048 or 4096 MB).')
@allowed([2048, 4096])
param instanceMemoryMB int = 2048

@description('Blob container of the run store (journals, chunk results, summaries).')
param runStoreContainerName string = 'durable-ingest'

@description('Database password, stored in Key Vault and read by the app as PG_PASSWORD (a Key Vault reference).')
@secure()
param pgPassword string

var token = toLower(uniqueString(subscription().id, resourceGroup().id, baseName))
var names = {
  logAnalytics: 'log-${baseName}-${token}'
  appInsights: 'appi-${baseName}-${token}'
  storage: take('st${toLower(baseName)}${token}', 24)
  identity: 'id-${baseName}-${token}'
  keyVault: take('kv-${take(toLower(baseName), 8)}-${token}', 24)
  plan: 'plan-${baseName}-${token}'
  functionApp: 'func-${baseName}-${token}'
}
var deploymentContainerName = 'app-package'

// Built-in role definition ids. On the storage account: Blob Data Owner for host storage (the Functions host's
// coordination blobs and timer locks, per its identity-based AzureWebJobsStorage requirements), which also covers the
// deployment package and the run store's documents; Queue and Table Data Contributor for Durable Functions' task hub.
// On the vault: Secrets User, to resolve the PG_PASSWORD reference.
var roles = {
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6'
}

resource logAnalytics 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: names.logAnalytics
  location: location
  properties: {
    sku: { name: 'PerGB2018' }
    retentionInDays: 30
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: names.appInsights
  location: location
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logAnalytics.id
  }
}

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: names.storage
  location: location
  sku: { name: 'Standard_LRS' }
  kind: 'StorageV2'
  properties: {
    minimumTlsVersion: 'TLS1_2'
    allowBlobPublicAccess: false
    // Every client of this account (host storage, the run store, the deployment) signs in with the managed identity.
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    supportsHttpsTrafficOnly: true
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource deploymentContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: deploymentContainerName
}

resource runStoreContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: runStoreContainerName
}

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: names.identity
  location: location
}

resource storageRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for role in [roles.storageBlobDataOwner, roles.storageQueueDataContributor, roles.storageTableDataContributor]: {
    name: guid(storage.id, identity.id, role)
    scope: storage
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role)
      principalId: identity.properties.principalId
      principalType: 'ServicePrincipal'
    }
  }
]

resource keyVault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: names.keyVault
  location: location
  properties: {
    tenantId: subscription().tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 7
  }
}

resource keyVaultSecretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(keyVault.id, identity.id, roles.keyVaultSecretsUser)
  scope: keyVault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsUser)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource pgPasswordSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: keyVault
  name: 'pg-password'
  properties: {
    value: pgPassword
  }
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: names.plan
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

resource functionApp 'Microsoft.Web/sites@2024-04-01' = {
  name: names.functionApp
  location: location
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identity.id
    siteConfig: {
      minTlsVersion: '1.2'
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identity.id
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      runtime: {
        name: 'dotnet-isolated'
        version: dotnetVersion
      }
    }
  }
  dependsOn: [
    storageRoles
    keyVaultSecretsUser
    deploymentContainer
    runStoreContainer
  ]
}

// Flex Consumption takes the runtime from functionAppConfig: FUNCTIONS_WORKER_RUNTIME and FUNCTIONS_EXTENSION_VERSION
// are not app settings here.
resource appSettings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: functionApp
  name: 'appsettings'
  properties: {
    AzureWebJobsStorage__accountName: storage.name
    AzureWebJobsStorage__credential: 'managedidentity'
    AzureWebJobsStorage__clientId: identity.properties.clientId
    APPLICATIONINSIGHTS_CONNECTION_STRING: appInsights.properties.ConnectionString
    // The run store: the same account and identity, named the Functions way for identity-based connections.
    DURABLE_INGEST_RUN_STORE_CONNECTION__blobServiceUri: storage.properties.primaryEndpoints.blob
    DURABLE_INGEST_RUN_STORE_CONNECTION__credential: 'managedidentity'
    DURABLE_INGEST_RUN_STORE_CONNECTION__clientId: identity.properties.clientId
    DURABLE_INGEST_RUN_STORE_CONTAINER: runStoreContainerName
    PG_PASSWORD: '@Microsoft.KeyVault(SecretUri=${pgPasswordSecret.properties.secretUri})'
  }
}

output functionAppName string = functionApp.name
output functionAppUrl string = 'https://${functionApp.properties.defaultHostName}'
output storageAccountName string = storage.name
output keyVaultName string = keyVault.name
output managedIdentityClientId string = identity.properties.clientId
