CREATE TABLE joined (session_id VARCHAR(100) NOT NULL);
