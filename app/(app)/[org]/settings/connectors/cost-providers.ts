/** What the connectors page asks for and says about each cost provider. */
import type { CostProvider } from "@/lib/connectors/credentials";

type Field = { name: string; label: string; hint: string; secret: boolean; placeholder?: string };

export const COST_PROVIDER_FORMS: Record<CostProvider, { label: string; fields: Field[]; about: string }> = {
  openai: {
    label: "OpenAI",
    about: "Daily costs per line item from the organization Costs API.",
    fields: [{ name: "admin_key", label: "Admin key", hint: "An OpenAI admin key (Organization settings → Admin keys); project keys cannot read costs.", secret: true }],
  },
  anthropic: {
    label: "Anthropic",
    about: "Daily costs per model from the Admin API cost report.",
    fields: [{ name: "admin_key", label: "Admin API key", hint: "An Admin API key (Console → Settings → Admin keys), starting sk-ant-admin.", secret: true }],
  },
  twilio: {
    label: "Twilio",
    about: "Daily usage records (what Twilio charged) for the account.",
    fields: [
      { name: "account_sid", label: "Account SID", hint: "AC followed by 32 characters (Console → Account info).", secret: false, placeholder: "AC…" },
      { name: "auth_token", label: "Auth Token", hint: "The account's Auth Token.", secret: true },
    ],
  },
  aws: {
    label: "AWS",
    about: "Daily unblended cost per AWS service from Cost Explorer.",
    fields: [
      { name: "access_key_id", label: "Access key id", hint: "An IAM user's key with only the ce:GetCostAndUsage permission.", secret: false, placeholder: "AKIA…" },
      { name: "secret_access_key", label: "Secret access key", hint: "Shown once by AWS when the key was created.", secret: true },
    ],
  },
};
