using DurableIngest.Functions;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();

// Invalid app settings stop the host at start-up with every problem listed, not at the first request.
builder.Services.AddDurableIngestFunctions(FunctionsSettings.Read(Environment.GetEnvironmentVariable));

builder.Build().Run();
