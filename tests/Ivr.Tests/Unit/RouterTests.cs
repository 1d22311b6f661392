namespace Ivr.Tests.Unit;
