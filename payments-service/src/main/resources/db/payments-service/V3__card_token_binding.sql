-- A card token pays one payment: the one whose reference its tokenization named (reference; NULL when none was
-- named) and only once (payment_id: the payment that used it, NULL while unused).
ALTER TABLE card_token ADD COLUMN reference VARCHAR(100);
ALTER TABLE card_token ADD COLUMN payment_id VARCHAR(40);
