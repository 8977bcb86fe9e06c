// The user agreement (用户协议) as data, beside the privacy notice: versioned, hashed, rendered
// in zh-CN and English from this one structure. A new version is a new constant with a higher
// number; registration records which version (and hash) the person agreed to.
import type { Localized } from '../../authz/notice-registry.js';
import { canonicalJson, sha256Hex } from '../../lib/canonical-json.js';

export type AgreementContent = {
  title: Localized;
  sections: { heading: Localized; body: Localized }[];
};

export type AgreementVersion = { version: number; content: AgreementContent; contentHash: string };

const CONTENT_V1: AgreementContent = {
  title: { zh: '社保通用户协议', en: 'Shebao user agreement' },
  sections: [
    {
      heading: { zh: '一、本服务是什么', en: '1. What this service is' },
      body: {
        zh: '社保通帮助您查看本人的参保、缴费、个人账户余额和就医结算信息，并由您决定是否把其中哪些信息提供给哪个合作方。数据来自全国社会保险服务平台；本服务不办理参保、缴费或报销业务。',
        en: 'Shebao lets you see your own participation, contributions, personal account balances and medical settlements, and lets you decide which of them go to which partner. The data comes from the national social insurance platform; this service does not handle enrolment, payments or reimbursements.',
      },
    },
    {
      heading: { zh: '二、账号', en: '2. Your account' },
      body: {
        zh: '您使用本人的中国大陆手机号注册，一个手机号只能注册一个账号。请妥善保管密码，不要告诉他人；我们的工作人员不会向您索要密码或短信验证码。发现账号异常时，您可以通过短信验证码重设密码，重设后其他设备上的登录会全部失效。',
        en: 'You register with your own mainland China mobile number; one number holds one account. Keep your password to yourself; our staff will never ask for it or for an SMS code. If something looks wrong, reset your password by SMS code: every sign-in on other devices then ends.',
      },
    },
    {
      heading: { zh: '三、绑定社保卡', en: '3. Linking your card' },
      body: {
        zh: '您只能绑定本人的社会保障卡。查询密码仅用于当次向平台查询，我们不保存。更换社保卡时，原卡的全部数据会被新卡的数据替换，我们会先请您确认。',
        en: 'Link only your own social security card. The query password is used for that one request to the platform and never kept. Linking a different card replaces all data from the old one; we ask you to confirm first.',
      },
    },
    {
      heading: { zh: '四、您的个人信息', en: '4. Your personal information' },
      body: {
        zh: '我们如何处理您的个人信息，见《隐私政策》。除提供服务所必需的信息外，其余信息只在您逐项同意后处理；敏感个人信息和向合作方提供信息需要您单独同意。您可以随时撤回同意、导出数据或注销账号，继续使用本服务不视为同意。',
        en: 'How we handle your personal information is set out in the privacy policy. Apart from what the service cannot work without, we process information only after you agree, item by item; sensitive information and sharing with a partner need your separate agreement. You can withdraw, export your data or delete your account at any time; continuing to use the service is never taken as agreement.',
      },
    },
    {
      heading: { zh: '五、您的承诺', en: '5. What you agree not to do' },
      body: {
        zh: '不冒用他人身份或他人的社保卡，不尝试读取他人的数据，不干扰本服务的正常运行（例如批量猜测密码或验证码）。',
        en: "Not to use someone else's identity or card, not to try to read anyone else's data, and not to disrupt the service (for example by guessing passwords or codes in bulk).",
      },
    },
    {
      heading: { zh: '六、服务的变化与终止', en: '6. Changes and ending' },
      body: {
        zh: '本协议或《隐私政策》有实质变化时，我们会在应用内告诉您变化之处，并请您重新确认；您不同意的，可以注销账号。您注销账号后，我们会立即删除您的数据，法律要求保存的除外。',
        en: 'When this agreement or the privacy policy changes in substance, we show you what changed in the app and ask you to confirm again; if you disagree, you may delete your account. When you delete it, your data is deleted at once, except what the law requires us to keep.',
      },
    },
    {
      heading: { zh: '七、联系我们', en: '7. Contact' },
      body: {
        zh: '对本协议有疑问或投诉，请联系 privacy@shebao.example，我们会在 15 日内答复。',
        en: 'Questions or complaints about this agreement: privacy@shebao.example. We answer within 15 days.',
      },
    },
  ],
};

/** Every published version, oldest first; the last one is current. */
export const USER_AGREEMENTS: readonly AgreementVersion[] = [CONTENT_V1].map((content, index) => ({
  version: index + 1,
  content,
  contentHash: sha256Hex(canonicalJson(content)),
}));

export function currentUserAgreement(): AgreementVersion {
  return USER_AGREEMENTS[USER_AGREEMENTS.length - 1]!;
}
