import { CircleAlert } from "lucide-react";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";

/** A section whose data could not be read: its title, and why, in place of its content. */
export function SectionProblem({ id, title, problem }: { id: string; title: string; problem: string }) {
  return (
    <Card id={id} aria-labelledby={`${id}-title`}>
      <CardHeader>
        <CardTitle id={`${id}-title`}>{title}</CardTitle>
      </CardHeader>
      <CardContent>
        <Alert variant="destructive">
          <CircleAlert />
          <AlertDescription>{problem}</AlertDescription>
        </Alert>
      </CardContent>
    </Card>
  );
}
