using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.ModelBinding.Metadata;

namespace QualityZone.Infrastructure.Localization;

/// <summary>Identity's messages in the user's language.</summary>
public sealed class LocalizedIdentityErrorDescriber : IdentityErrorDescriber
{
    private static IdentityError Error(string code, string chinese, params object?[] args) =>
        new() { Code = code, Description = Text.Format(chinese, args) };

    public override IdentityError DuplicateEmail(string email) => Error(nameof(DuplicateEmail), "邮箱 {0} 已被使用", email);
    public override IdentityError DuplicateUserName(string userName) => Error(nameof(DuplicateUserName), "用户名 {0} 已被使用", userName);
    public override IdentityError InvalidEmail(string? email) => Error(nameof(InvalidEmail), "邮箱 {0} 格式不正确", email);
    public override IdentityError InvalidUserName(string? userName) => Error(nameof(InvalidUserName), "用户名 {0} 含有不允许的字符", userName);
    public override IdentityError PasswordTooShort(int length) => Error(nameof(PasswordTooShort), "密码至少需要 {0} 个字符", length);
    public override IdentityError PasswordRequiresDigit() => Error(nameof(PasswordRequiresDigit), "密码必须包含数字");
    public override IdentityError PasswordRequiresLower() => Error(nameof(PasswordRequiresLower), "密码必须包含小写字母");
    public override IdentityError PasswordRequiresUpper() => Error(nameof(PasswordRequiresUpper), "密码必须包含大写字母");
    public override IdentityError PasswordRequiresNonAlphanumeric() => Error(nameof(PasswordRequiresNonAlphanumeric), "密码必须包含符号");
    public override IdentityError PasswordMismatch() => Error(nameof(PasswordMismatch), "当前密码不正确");
    public override IdentityError UserAlreadyInRole(string role) => Error(nameof(UserAlreadyInRole), "用户已有角色 {0}", role);
    public override IdentityError DefaultError() => Error(nameof(DefaultError), "操作失败");
}

/// <summary>Model-binding messages ("the value is not valid") in the user's language.</summary>
public static class ModelBindingMessages
{
    public static void Localize(DefaultModelBindingMessageProvider provider)
    {
        provider.SetValueMustNotBeNullAccessor(_ => Text.Get("此项不能为空"));
        provider.SetMissingBindRequiredValueAccessor(name => Text.Format("缺少 {0}", name));
        provider.SetMissingKeyOrValueAccessor(() => Text.Get("此项不能为空"));
        provider.SetAttemptedValueIsInvalidAccessor((value, name) => Text.Format("“{0}”不是有效的{1}", value, name));
        provider.SetUnknownValueIsInvalidAccessor(name => Text.Format("{0} 的值无效", name));
        provider.SetValueIsInvalidAccessor(value => Text.Format("“{0}”无效", value));
        provider.SetValueMustBeANumberAccessor(name => Text.Format("{0} 必须是数字", name));
        provider.SetNonPropertyAttemptedValueIsInvalidAccessor(value => Text.Format("“{0}”无效", value));
        provider.SetNonPropertyUnknownValueIsInvalidAccessor(() => Text.Get("值无效"));
        provider.SetNonPropertyValueMustBeANumberAccessor(() => Text.Get("必须是数字"));
        provider.SetMissingRequestBodyRequiredValueAccessor(() => Text.Get("请求内容不能为空"));
    }
}
