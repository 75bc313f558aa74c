namespace QualityZone.Infrastructure;

/// <summary>A refused action with a message already in the user's language (illegal transition, rule broken).</summary>
public sealed class BusinessRuleException(string message) : Exception(message);
