// Example pastes for the Diagnose page: what admins actually meet (a failed status webhook, an expired token, a code pair).

const WEBHOOK_131047 = {
  object: "whatsapp_business_account",
  entry: [
    {
      id: "102290129340398",
      changes: [
        {
          field: "messages",
          value: {
            messaging_product: "whatsapp",
            metadata: { display_phone_number: "15550100199", phone_number_id: "106540352242922" },
            statuses: [
              {
                id: "wamid.HBgLMTU1NTAxMDAxMjMVAgARGBI5QTNDQTVCM0Q0Q0Q2RTY3AA==",
                status: "failed",
                timestamp: "1764158400",
                recipient_id: "15550100123",
                errors: [
                  {
                    code: 131047,
                    title: "Re-engagement message",
                    message: "Re-engagement message",
                    error_data: {
                      details: "Message failed to send because more than 24 hours have passed since the customer last replied to this number.",
                    },
                  },
                ],
              },
            ],
          },
        },
      ],
    },
  ],
};

const EXPIRED_TOKEN = {
  error: {
    message:
      "Error validating access token: Session has expired on Tuesday, 25-Nov-26 04:00:00 PST. The current time is Wednesday, 26-Nov-26 03:12:44 PST.",
    type: "OAuthException",
    code: 190,
    error_subcode: 463,
    fbtrace_id: "AbC9xYz1QrSt2UvWx3YzA4b",
  },
};

export interface Example {
  label: string;
  text: string;
}

export const EXAMPLES: Example[] = [
  { label: "131047 status webhook", text: JSON.stringify(WEBHOOK_131047, null, 2) },
  { label: "190 / 463 expired token", text: JSON.stringify(EXPIRED_TOKEN, null, 2) },
  { label: "100 33", text: "100 33" },
];
