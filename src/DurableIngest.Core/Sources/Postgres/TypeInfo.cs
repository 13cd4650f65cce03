namespace DurableIngest.Sources.Postgres;

/// <summary>
/// The part of a <c>pg_type</c> row the type mapper needs: name, <c>typtype</c> (b base, e enum, d domain, c composite,
/// r range, m multirange, p pseudo), <c>typcategory</c> (A for arrays), element type, domain base type and modifier.
/// </summary>
public sealed record TypeInfo(uint Oid, string Name, char Kind, char Category, uint Element, uint BaseType, int TypeModifier);
